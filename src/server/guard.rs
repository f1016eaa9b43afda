//! Every request gets exactly one answer, even when a handler panics.
//!
//! [`Guard`] wraps the `LspService` and keeps two promises the framework
//! does not:
//!
//! - **A panic costs one request, not the server.** tower-lsp-server polls
//!   every handler future inside `Server::serve`, so an unwinding panic there
//!   unwinds through `serve`, the runtime's `block_on` and `main`: the editor
//!   loses the server and every open document's state. Each handler is polled
//!   under `catch_unwind`; a request that panicked is answered with `-32603`
//!   InternalError (its message names the method and the panic), a
//!   notification is dropped, and either way the panic is logged to stderr
//!   (by the panic hook, with its location) and to the client's log
//!   (`window/logMessage`). Unwinding is safe for the shared state: every lock
//!   in `ServerState` recovers from poisoning, and a half-applied change to
//!   one document is the worst case, which the next full sync or reopen repairs.
//! - **A request is never left unanswered.** The framework swallows the
//!   answer to a request whose method starts with `$/` and that it does not
//!   know (`MethodNotFound` becomes no answer at all), which leaves a client
//!   waiting forever; LSP 3.17 §"$ Notifications and Requests" says such a
//!   request must fail with `MethodNotFound`. Any request the inner service
//!   answered with nothing is answered here.
//! - **A slow handler never holds up the others.** The framework runs at
//!   most four handlers at once and reads nothing more while four wait, so
//!   four commands waiting on a lock or on the client froze every hover. A
//!   handler is first polled where the framework polls it, so everything it
//!   does before its first `.await` (applying a document change) still
//!   happens in message order; if it is not done by then, the rest of it
//!   moves to its own task, the framework's slot is freed, and its answer is
//!   written beside the framework's through the [`Outbox`]. At most
//!   [`MAX_DETACHED`] handlers wait like that; past them a handler waits in
//!   the framework's slot as before. `$/cancelRequest` still reaches a moved
//!   handler: the framework's cancellation wraps the future that moves.

use super::transport::Outbox;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::Semaphore;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::ls_types::MessageType;
use tower_service::Service;

/// Handlers that may wait outside the framework at once. Each is a small
/// future; the bound only stops a client that floods slow requests from
/// growing memory without limit.
pub const MAX_DETACHED: usize = 1024;

/// Wraps a service (the `LspService`); see the module docs.
pub struct Guard<S> {
    inner: S,
    /// Where to log a caught panic; `None` only in tests without a client.
    client: Option<Client>,
    /// Where slow handlers finish; `None` keeps every handler in the framework.
    detach: Option<Detach>,
}

/// What moving a slow handler out of the framework needs.
#[derive(Clone)]
pub struct Detach {
    outbox: Outbox,
    slots: Arc<Semaphore>,
}

impl Detach {
    pub fn new(outbox: Outbox) -> Detach {
        Detach {
            outbox,
            slots: Arc::new(Semaphore::new(MAX_DETACHED)),
        }
    }
}

impl<S> Guard<S> {
    pub fn new(inner: S, client: Option<Client>, detach: Option<Detach>) -> Guard<S> {
        Guard {
            inner,
            client,
            detach,
        }
    }
}

impl<S, E> Service<Request> for Guard<S>
where
    S: Service<Request, Response = Option<Response>, Error = E>,
    S::Future: Unpin + Send + 'static,
    E: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Guarded<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let id = request.id().cloned();
        let method = request.method().to_string();
        // Routing itself runs user code (params deserialisation), so it is
        // guarded too; a panic there is reported like a handler's.
        let inner = catch_unwind(AssertUnwindSafe(|| self.inner.call(request)))
            .map_err(|payload| panic_message(payload.as_ref()));
        Guarded {
            inner: inner.map(Some),
            id,
            method,
            client: self.client.clone(),
            detach: self.detach.clone(),
        }
    }
}

/// A handler future polled under `catch_unwind`.
pub struct Guarded<F> {
    /// The handler (`None` once it moved to its own task), or the message
    /// of a panic raised while creating it.
    inner: Result<Option<F>, String>,
    id: Option<Id>,
    method: String,
    client: Option<Client>,
    /// Set until the first poll: a handler moves out only then.
    detach: Option<Detach>,
}

impl<F, E> Future for Guarded<F>
where
    F: Future<Output = Result<Option<Response>, E>> + Unpin + Send + 'static,
    E: Send + 'static,
{
    type Output = Result<Option<Response>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let detach = this.detach.take();
        let message = match &mut this.inner {
            Ok(None) => return Poll::Ready(Ok(None)),
            Ok(Some(future)) => {
                match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut *future).poll(cx))) {
                    Ok(Poll::Ready(Ok(None))) => return Poll::Ready(Ok(this.unanswered())),
                    Ok(Poll::Pending) => return this.pending(detach),
                    Ok(poll) => return poll,
                    Err(payload) => panic_message(payload.as_ref()),
                }
            }
            Err(message) => std::mem::take(message),
        };
        Poll::Ready(Ok(this.report(&message)))
    }
}

impl<F, E> Guarded<F>
where
    F: Future<Output = Result<Option<Response>, E>> + Unpin + Send + 'static,
    E: Send + 'static,
{
    /// After the first poll found the handler waiting: moves it to its own
    /// task when a slot is free, and tells the framework it is done (its
    /// answer, if any, goes through the outbox).
    fn pending(&mut self, detach: Option<Detach>) -> Poll<Result<Option<Response>, E>> {
        let Some(detach) = detach else {
            return Poll::Pending;
        };
        let Ok(slot) = Arc::clone(&detach.slots).try_acquire_owned() else {
            return Poll::Pending;
        };
        let Ok(Some(future)) = std::mem::replace(&mut self.inner, Ok(None)) else {
            return Poll::Pending;
        };
        let rest = Guarded {
            inner: Ok(Some(future)),
            id: self.id.take(),
            method: self.method.clone(),
            client: self.client.clone(),
            detach: None,
        };
        tokio::spawn(async move {
            if let Ok(Some(response)) = rest.await {
                if let Ok(body) = serde_json::to_vec(&response) {
                    detach.outbox.send(&body).await;
                }
            }
            drop(slot);
        });
        Poll::Ready(Ok(None))
    }
}

impl<F> Guarded<F> {
    /// The answer to a request the inner service did not answer (none for a
    /// notification).
    fn unanswered(&mut self) -> Option<Response> {
        let id = self.id.take()?;
        let error = if self.method.starts_with("$/") {
            let mut error = Error::method_not_found();
            error.message = format!("Method not found: {}", self.method).into();
            error
        } else {
            Error::invalid_request()
        };
        Some(Response::from_error(id, error))
    }

    /// Logs the panic and builds the answer (none for a notification).
    fn report(&mut self, panic: &str) -> Option<Response> {
        let text = format!("internal error in {}: {panic}", self.method);
        eprintln!("interview-ls: {text} (the server keeps running)");
        if let Some(client) = self.client.clone() {
            let log = format!("{text} (the server keeps running; please report this)");
            tokio::spawn(async move { client.log_message(MessageType::ERROR, log).await });
        }
        let id = self.id.take()?;
        let mut error = Error::internal_error();
        error.message = text.into();
        Some(Response::from_error(id, error))
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::{Ready, ready};

    /// A service that panics on `boom` (while handling) and on `early`
    /// (while routing), and echoes the method otherwise.
    struct Flaky;

    type Boxed = Pin<Box<dyn Future<Output = Result<Option<Response>, ()>> + Send>>;

    impl Service<Request> for Flaky {
        type Response = Option<Response>;
        type Error = ();
        type Future = Boxed;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ()>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: Request) -> Boxed {
            assert_ne!(request.method(), "early", "routing failed");
            Box::pin(async move {
                assert_ne!(request.method(), "boom", "handler failed");
                if request.method().starts_with("$/") {
                    return Ok(None);
                }
                let answer: Ready<_> =
                    ready(request.id().cloned().map(|id| {
                        Response::from_ok(id, serde_json::Value::from(request.method()))
                    }));
                Ok(answer.await)
            })
        }
    }

    async fn call(service: &mut Guard<Flaky>, method: &'static str) -> serde_json::Value {
        let request = Request::build(method).id(1).finish();
        let response = service.call(request).await.unwrap().unwrap();
        serde_json::to_value(response).unwrap()
    }

    #[tokio::test]
    async fn a_panicking_handler_is_answered_with_internal_error_and_every_request_is_answered() {
        let mut service = Guard::new(Flaky, None, None);
        let boom = call(&mut service, "boom").await;
        assert_eq!(boom["error"]["code"], -32603, "{boom}");
        let message = boom["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("boom") && message.contains("handler failed"),
            "{message}"
        );
        let early = call(&mut service, "early").await;
        assert_eq!(early["error"]["code"], -32603, "{early}");
        assert_eq!(call(&mut service, "fine").await["result"], "fine");
        let dollar = call(&mut service, "$/unknown").await;
        assert_eq!(dollar["error"]["code"], -32601, "{dollar}");
        assert_eq!(dollar["id"], 1);
        let notification = Request::build("boom").finish();
        assert_eq!(service.call(notification).await, Ok(None));
    }
}
