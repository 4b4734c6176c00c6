"""The serve command: the HTTP API and dashboard over one DuckDB file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from communique.cli.common import ConfigOpt, DbOpt, ModelOpt, err, fail, settings_from
from communique.errors import CommuniqueError, ConfigError

app = typer.Typer()


def require_api_extra() -> None:
    """Fail with the install command when the optional ``api`` extra is missing."""
    missing = [m for m in ("fastapi", "uvicorn", "jinja2") if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(
            f"`communique serve` needs {', '.join(missing)}, which are not installed: "
            "pip install 'communique[api]'"
        )


@app.command("serve")
def serve_command(
    db: DbOpt = Path("communique.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json) and the dashboard over a DuckDB file.

    Uploads (POST /articles) need a bearer token, read from the environment variable
    named by token_env in the config's api section (COMMUNIQUE_API_TOKEN by default).

    Example: COMMUNIQUE_API_TOKEN=secret communique serve --db demo.duckdb --port 8000
    """
    try:
        require_api_extra()
        settings = settings_from(config, model)
        import uvicorn  # noqa: PLC0415 - optional extra, checked above

        from communique.api import create_app  # noqa: PLC0415 - needs the optional extra

        api = create_app(settings, db)
        if api.state.api.token is None:
            token_env = escape(settings.api.token_env)
            err.print(f"[yellow]warning:[/] {token_env} is not set: uploads are refused")
        err.print("communique: loading the pipeline…")
        api.state.api.pipeline.warm_up()  # the first upload should not wait for the model
        err.print(
            f"communique: open http://{host}:{port}/ (API schema at /openapi.json)", markup=False
        )
        uvicorn.run(api, host=host, port=port, log_level="info", workers=1)
    except CommuniqueError as exc:
        raise fail(exc) from exc
