"""The interactive API reference at /docs, served entirely from this server.

FastAPI's default page loads Swagger UI from a CDN and starts it with an inline script, so on a
machine without internet (our users' laptops, CI) it is blank, and it needs a looser CSP than the
rest of the app. Here the Swagger UI assets come from the `swagger-ui-bundle-v2` package and the
page starts them with a script file of ours, so /docs works offline under a CSP that allows
scripts only from this origin.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS_PREFIX = "/docs/assets"
# Swagger UI sets a few style attributes from its own script; scripts stay 'self' only.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>regencheck API reference</title>
<link rel="stylesheet" href="{ASSETS_PREFIX}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS_PREFIX}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="/openapi.json"></div>
<script src="{ASSETS_PREFIX}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def api_reference() -> HTMLResponse:
    """The Swagger UI page; it reads the OpenAPI document from /openapi.json."""
    return HTMLResponse(PAGE)


def mount_assets(app: FastAPI) -> None:
    """Serve the packaged Swagger UI files under /docs/assets."""
    app.mount(ASSETS_PREFIX, StaticFiles(directory=Path(str(swagger_ui_path))), name="docs-assets")
