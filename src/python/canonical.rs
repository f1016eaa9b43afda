//! One name per framework thing: re-exports and internal module paths map to
//! the name users import (`starlette.requests.Request` → `fastapi.Request`),
//! so the bank's keywords only ever need the public spelling.

/// `(prefix, replacement)`, longest prefixes first. A prefix ending in `.`
/// rewrites a whole module; otherwise it must match the full symbol or be
/// followed by a `.`.
const REEXPORTS: &[(&str, &str)] = &[
    // FastAPI re-exports Starlette's modules under its own name.
    (
        "starlette.middleware.trustedhost",
        "fastapi.middleware.trustedhost",
    ),
    (
        "starlette.middleware.httpsredirect",
        "fastapi.middleware.httpsredirect",
    ),
    ("starlette.middleware.cors", "fastapi.middleware.cors"),
    ("starlette.middleware.gzip", "fastapi.middleware.gzip"),
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
    ("starlette.requests", "fastapi.requests"),
    ("starlette.responses.Response", "fastapi.Response"),
    ("starlette.responses", "fastapi.responses"),
    ("starlette.status", "fastapi.status"),
    ("starlette.staticfiles", "fastapi.staticfiles"),
    ("starlette.templating", "fastapi.templating"),
    ("starlette.testclient", "fastapi.testclient"),
    ("starlette.concurrency", "fastapi.concurrency"),
    (
        "starlette.websockets.WebSocketDisconnect",
        "fastapi.WebSocketDisconnect",
    ),
    ("starlette.websockets.WebSocket", "fastapi.WebSocket"),
    ("starlette.websockets", "fastapi.websockets"),
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
    ("flask.signals.", "flask."),
    // `current_app` is a proxy to the app: its attributes are the app's.
    ("flask.current_app.", "flask.Flask."),
    ("flask.json.jsonify", "flask.jsonify"),
    ("flask.wrappers.Request", "flask.Request"),
    ("flask.wrappers.Response", "flask.Response"),
    ("flask_wtf.csrf.CSRFProtect", "flask_wtf.CSRFProtect"),
    ("flask_wtf.form.FlaskForm", "flask_wtf.FlaskForm"),
    ("flask_login.login_manager.", "flask_login."),
    ("flask_login.mixins.", "flask_login."),
    ("flask_login.utils.", "flask_login."),
    ("flask_jwt_extended.jwt_manager.", "flask_jwt_extended."),
    ("flask_jwt_extended.view_decorators.", "flask_jwt_extended."),
    ("flask_jwt_extended.utils.", "flask_jwt_extended."),
    ("wtforms.fields.simple.", "wtforms."),
    ("wtforms.fields.core.", "wtforms."),
    ("wtforms.fields.", "wtforms."),
    ("pydantic.main.BaseModel", "pydantic.BaseModel"),
    ("pydantic.fields.Field", "pydantic.Field"),
    ("pydantic.functional_validators.", "pydantic."),
    ("pydantic.functional_serializers.", "pydantic."),
    ("pydantic.networks.", "pydantic."),
    ("pydantic.types.", "pydantic."),
    ("pydantic.config.ConfigDict", "pydantic.ConfigDict"),
    ("pydantic_settings.main.", "pydantic_settings."),
    ("sqlalchemy.orm.session.Session", "sqlalchemy.orm.Session"),
    (
        "sqlalchemy.orm.session.sessionmaker",
        "sqlalchemy.orm.sessionmaker",
    ),
    ("sqlalchemy.orm.decl_api.", "sqlalchemy.orm."),
    // The pre-2.0 home of `declarative_base`.
    (
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.orm.declarative_base",
    ),
    ("sqlalchemy.ext.asyncio.session.", "sqlalchemy.ext.asyncio."),
    ("sqlalchemy.ext.asyncio.engine.", "sqlalchemy.ext.asyncio."),
    ("sqlalchemy.sql.expression.", "sqlalchemy."),
    ("sqlalchemy.sql.functions.func", "sqlalchemy.func"),
    ("sqlalchemy.sql.sqltypes.", "sqlalchemy."),
    ("sqlalchemy.future.select", "sqlalchemy.select"),
    (
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.create_engine",
    ),
    ("sqlalchemy.schema.", "sqlalchemy."),
    ("sqlalchemy.types.", "sqlalchemy."),
    ("sqlmodel.main.", "sqlmodel."),
];

/// Modules that FastAPI re-exports whose submodules it does not
/// (`starlette.middleware` is `fastapi.middleware`, but
/// `starlette.middleware.base` has no FastAPI name): whole symbol only.
const MODULE_REEXPORTS: &[(&str, &str)] = &[("starlette.middleware", "fastapi.middleware")];

/// Objects that hand out another library's names as attributes, and the
/// attributes that are their own. `db.Column` is `sqlalchemy.Column` and
/// `db.relationship` is `sqlalchemy.orm.relationship`, but `db.session` is
/// Flask-SQLAlchemy's; `sqlmodel.Column` is SQLAlchemy's, `sqlmodel.Field` is not.
struct Proxy {
    prefix: &'static str,
    own: &'static [&'static str],
}

const PROXIES: &[Proxy] = &[
    Proxy {
        prefix: "flask_sqlalchemy.SQLAlchemy.",
        own: &[
            "session",
            "Model",
            "Query",
            "metadata",
            "metadatas",
            "engine",
            "engines",
            "init_app",
            "get_engine",
            "get_or_404",
            "first_or_404",
            "one_or_404",
            "paginate",
            "create_all",
            "drop_all",
            "reflect",
        ],
    },
    Proxy {
        prefix: "sqlmodel.",
        own: &[
            "SQLModel",
            "Field",
            "Relationship",
            "Session",
            "select",
            "col",
            "main",
            "orm",
            "sql",
            "ext",
        ],
    },
];

/// Names both proxies take from `sqlalchemy.orm` rather than `sqlalchemy`.
const ORM_NAMES: &[&str] = &[
    "DeclarativeBase",
    "Mapped",
    "Session",
    "aliased",
    "backref",
    "column_property",
    "contains_eager",
    "declarative_base",
    "defer",
    "dynamic_loader",
    "joinedload",
    "lazyload",
    "load_only",
    "mapped_column",
    "raiseload",
    "relationship",
    "scoped_session",
    "selectinload",
    "sessionmaker",
    "subqueryload",
    "synonym",
    "validates",
];

/// `db.Column` → `sqlalchemy.Column`, `db.relationship` → `sqlalchemy.orm.relationship`.
fn through_proxy(symbol: &str) -> Option<String> {
    PROXIES.iter().find_map(|proxy| {
        let rest = symbol.strip_prefix(proxy.prefix)?;
        let name = rest.split(['.', '(']).next().unwrap_or(rest);
        if name.is_empty() || name.starts_with('_') || proxy.own.contains(&name) {
            return None;
        }
        let module = if ORM_NAMES.contains(&name) {
            "sqlalchemy.orm"
        } else {
            "sqlalchemy"
        };
        Some(format!("{module}.{rest}"))
    })
}

pub fn canonicalise(symbol: &str) -> String {
    if let Some(proxied) = through_proxy(symbol) {
        return proxied;
    }
    if let Some((_, replacement)) = MODULE_REEXPORTS.iter().find(|(m, _)| *m == symbol) {
        return (*replacement).to_string();
    }
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

    #[test]
    fn maps_modules_and_their_members() {
        let cases = [
            ("starlette.responses", "fastapi.responses"),
            (
                "starlette.staticfiles.StaticFiles",
                "fastapi.staticfiles.StaticFiles",
            ),
            ("starlette.middleware", "fastapi.middleware"),
            (
                "starlette.middleware.cors.CORSMiddleware",
                "fastapi.middleware.cors.CORSMiddleware",
            ),
            // Submodules FastAPI does not re-export keep their name.
            ("starlette.middleware.base", "starlette.middleware.base"),
            (
                "starlette.middleware.sessions.SessionMiddleware",
                "starlette.middleware.sessions.SessionMiddleware",
            ),
            ("flask.signals.template_rendered", "flask.template_rendered"),
            ("flask.signals", "flask.signals"),
            ("flask.current_app.logger", "flask.Flask.logger"),
            ("flask.current_app", "flask.current_app"),
            ("flask_wtf.csrf.CSRFProtect", "flask_wtf.CSRFProtect"),
            ("sqlalchemy.types.Integer", "sqlalchemy.Integer"),
            (
                "sqlalchemy.ext.declarative.declarative_base",
                "sqlalchemy.orm.declarative_base",
            ),
        ];
        for (symbol, expected) in cases {
            assert_eq!(canonicalise(symbol), expected, "{symbol}");
        }
    }

    #[test]
    fn proxies_hand_out_the_library_names_they_forward() {
        let cases = [
            ("flask_sqlalchemy.SQLAlchemy.Column", "sqlalchemy.Column"),
            (
                "flask_sqlalchemy.SQLAlchemy.Column(primary_key)",
                "sqlalchemy.Column(primary_key)",
            ),
            (
                "flask_sqlalchemy.SQLAlchemy.relationship",
                "sqlalchemy.orm.relationship",
            ),
            (
                "flask_sqlalchemy.SQLAlchemy.func.now",
                "sqlalchemy.func.now",
            ),
            (
                "flask_sqlalchemy.SQLAlchemy.session.commit",
                "flask_sqlalchemy.SQLAlchemy.session.commit",
            ),
            (
                "flask_sqlalchemy.SQLAlchemy.Model",
                "flask_sqlalchemy.SQLAlchemy.Model",
            ),
            ("flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.SQLAlchemy"),
            ("sqlmodel.create_engine", "sqlalchemy.create_engine"),
            ("sqlmodel.Field", "sqlmodel.Field"),
            ("sqlmodel.SQLModel.metadata", "sqlmodel.SQLModel.metadata"),
        ];
        for (symbol, expected) in cases {
            assert_eq!(canonicalise(symbol), expected, "{symbol}");
        }
    }
}
