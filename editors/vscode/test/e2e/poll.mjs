// The one way the e2e test waits: poll a condition until a deadline, never a
// fixed sleep, so a slow machine only makes the test slower, not flaky.
const INTERVAL_MS = 100;

export async function poll(what, timeoutMs, condition) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await condition();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}
