// Asks the server what it offers (one `initialize` over stdio), so the test
// can tell "the server has no code actions yet" (skip, with a message) from
// "the extension broke code actions" (fail).
import { spawn } from "node:child_process";

export async function serverCapabilities(server, timeoutMs = 20000) {
  const child = spawn(server, [], { stdio: ["pipe", "pipe", "ignore"] });
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { processId: null, rootUri: null, capabilities: {} },
  });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no initialize response from ${server}`)), timeoutMs);
      let buffer = Buffer.alloc(0);
      child.stdout.on("data", (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        const header = buffer.indexOf("\r\n\r\n");
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())?.[1]);
        if (header >= 0 && buffer.length >= header + 4 + length) {
          clearTimeout(timer);
          resolve(JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()).result.capabilities);
        }
      });
      child.on("error", reject);
    });
  } finally {
    child.kill();
  }
}
