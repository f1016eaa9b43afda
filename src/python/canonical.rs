//! One name per framework thing: re-exports and internal module paths map to
//! the name users import (`starlette.requests.Request` → `fastapi.Request`),
//! so the bank's keywords only ever need the public spelling.

/// `(prefix, replacement)`, longest prefixes first. A prefix ending in `.`
/// rewrites a whole module; otherwise it must match the full symbol or be
/// followed by a `.`.
const REEXPORTS: &[(&str, &str)] = &[
    (
        "starlette.middleware.cors.CORSMiddleware",
        "fastapi.middleware.cors.CORSMiddleware",
    ),
    (
        "starlette.middleware.trustedhost.",
        "fastapi.middleware.trustedhost.",
    ),
    ("starlette.middleware.gzip.", "fastapi.middleware.gzip."),
    (
        "starlette.middleware.base.BaseHTTPMiddleware",
        "starlette.middleware.base.BaseHTTPMiddleware",
    ),
    (
        "starlette.background.BackgroundTasks",
        "fastapi.BackgroundTasks",
    ),
    (
        "starlette.concurrency.run_in_threadpool",
        "fastapi.concurrency.run_in_threadpool",
    ),
    ("starlette.datastructures.UploadFile", "fastapi.UploadFile"),
    (
        "starlette.exceptions.HTTPException",
        "starlette.exceptions.HTTPException",
    ),
    ("starlette.requests.Request", "fastapi.Request"),
    ("starlette.responses.Response", "fastapi.Response"),
    ("starlette.responses.", "fastapi.responses."),
    ("starlette.status", "fastapi.status"),
    (
        "starlette.testclient.TestClient",
        "fastapi.testclient.TestClient",
    ),
    (
        "starlette.websockets.WebSocketDisconnect",
        "fastapi.WebSocketDisconnect",
    ),
    ("starlette.websockets.WebSocket", "fastapi.WebSocket"),
    ("fastapi.applications.FastAPI", "fastapi.FastAPI"),
    ("fastapi.routing.APIRouter", "fastapi.APIRouter"),
    ("fastapi.param_functions.", "fastapi."),
    ("fastapi.params.", "fastapi."),
    ("fastapi.exceptions.HTTPException", "fastapi.HTTPException"),
    ("fastapi.requests.Request", "fastapi.Request"),
    ("fastapi.responses.Response", "fastapi.Response"),
    (
        "fastapi.background.BackgroundTasks",
        "fastapi.BackgroundTasks",
    ),
    (
        "fastapi.websockets.WebSocketDisconnect",
        "fastapi.WebSocketDisconnect",
    ),
    ("fastapi.websockets.WebSocket", "fastapi.WebSocket"),
    ("fastapi.datastructures.UploadFile", "fastapi.UploadFile"),
    ("fastapi.security.oauth2.", "fastapi.security."),
    ("fastapi.security.api_key.", "fastapi.security."),
    ("fastapi.security.http.", "fastapi.security."),
    ("flask.app.Flask", "flask.Flask"),
    ("flask.blueprints.Blueprint", "flask.Blueprint"),
    ("flask.globals.", "flask."),
    ("flask.helpers.", "flask."),
    ("flask.templating.", "flask."),
    ("flask.json.jsonify", "flask.jsonify"),
    ("flask.wrappers.Request", "flask.Request"),
    ("flask.wrappers.Response", "flask.Response"),
    ("pydantic.main.BaseModel", "pydantic.BaseModel"),
    ("pydantic.fields.Field", "pydantic.Field"),
    ("pydantic.functional_validators.", "pydantic."),
    ("pydantic.config.ConfigDict", "pydantic.ConfigDict"),
    ("pydantic_settings.main.", "pydantic_settings."),
    ("sqlalchemy.orm.session.Session", "sqlalchemy.orm.Session"),
    (
        "sqlalchemy.orm.session.sessionmaker",
        "sqlalchemy.orm.sessionmaker",
    ),
    ("sqlalchemy.sql.expression.select", "sqlalchemy.select"),
    ("sqlalchemy.future.select", "sqlalchemy.select"),
    (
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.create_engine",
    ),
    ("sqlmodel.main.", "sqlmodel."),
];

pub fn canonicalise(symbol: &str) -> String {
    for (prefix, replacement) in REEXPORTS {
        if let Some(rest) = symbol.strip_prefix(prefix) {
            if prefix.ends_with('.') || rest.is_empty() || rest.starts_with('.') {
                return format!("{replacement}{rest}");
            }
        }
    }
    symbol.to_string()
}

#[cfg(test)]
mod tests {
    use super::canonicalise;

    #[test]
    fn maps_reexports_to_public_names() {
        assert_eq!(
            canonicalise("starlette.requests.Request"),
            "fastapi.Request"
        );
        assert_eq!(
            canonicalise("starlette.responses.JSONResponse"),
            "fastapi.responses.JSONResponse"
        );
        assert_eq!(
            canonicalise("fastapi.security.oauth2.OAuth2PasswordBearer"),
            "fastapi.security.OAuth2PasswordBearer"
        );
        assert_eq!(canonicalise("flask.globals.g"), "flask.g");
        assert_eq!(
            canonicalise("starlette.websockets.WebSocketDisconnect"),
            "fastapi.WebSocketDisconnect"
        );
        assert_eq!(canonicalise("fastapi.Depends"), "fastapi.Depends");
        // Only whole segments match.
        assert_eq!(canonicalise("starlette.statusx"), "starlette.statusx");
    }
}
