//! Serving connections, with the limits a public server needs (issue 16, item 8): a client has
//! `KABINET_HEADER_TIMEOUT_SECONDS` to send a request's headers (slowloris holds nothing), a
//! request has `KABINET_REQUEST_TIMEOUT_SECONDS` to send its body and be answered (408), and a
//! body may not exceed [`BODY_LIMIT`] (413), the selfie's own cap (`http::selfie`) aside. Refusals are told in
//! the borrower's language.
//!
//! `axum::serve` offers no header timeout, so the accept loop is hyper-util's, as axum's own: one
//! task per connection, HTTP/1 and HTTP/2, the peer's address in each request's extensions for
//! `ConnectInfo`, and a graceful shutdown that lets requests in flight finish.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::server::state::AppState;
use crate::wire::error::AppError;

/// Every request body but a selfie's: server functions' forms and the gateway's notifications
/// are a few kilobytes.
pub const BODY_LIMIT: usize = 64 * 1024;
/// How long requests in flight may take to finish once the server is asked to stop.
const DRAIN: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `shutdown` resolves, then drains for at most 30 seconds.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(header_timeout)
        .keep_alive_timeout(header_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let service = app
            .clone()
            .map_request(move |request: Request<hyper::body::Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after {DRAIN:?}; stopping anyway");
    }
}

/// The request's time and size limits: a body over [`BODY_LIMIT`] is refused before it is read
/// when its length is declared, and stops being read at the limit when it is not; a request
/// that takes longer than the configured timeout is answered 408.
pub async fn limits(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let lang = crate::server::request::lang(request.headers());
    let picture = request.uri().path() == "/apply/selfie";
    let seconds = state.config.request_timeout.unsigned_abs() * if picture { 4 } else { 1 };
    let request = if picture {
        // The selfie's own handler caps it and answers with a message at the field.
        request
    } else {
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
            let message = lang.pick(
                "Запрос слишком большой — так много данных ни одна форма не отправляет",
                "The request is too large; no form sends that much",
            );
            return refusal(StatusCode::PAYLOAD_TOO_LARGE, message);
        }
        request.map(|body| Body::new(http_body_util::Limited::new(body, BODY_LIMIT)))
    };
    match tokio::time::timeout(Duration::from_secs(seconds), next.run(request)).await {
        Ok(response) => response,
        Err(_) => refusal(
            StatusCode::REQUEST_TIMEOUT,
            lang.pick(
                "Запрос шёл слишком долго. Проверьте связь и попробуйте ещё раз",
                "The request took too long. Check your connection and try again",
            ),
        ),
    }
}

fn refusal(status: StatusCode, message: &str) -> Response {
    let error = AppError::BadRequest {
        message: message.into(),
    };
    let body = serde_json::to_string(&error).unwrap_or_default();
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONNECTION, "close"),
        ],
        Body::from(body),
    )
        .into_response()
}
