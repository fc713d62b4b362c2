"""`python -m service`: serve the API with uvicorn on BULLETIN_HOST:BULLETIN_PORT."""

from __future__ import annotations

import uvicorn

from service.config import get_settings
from service.main import create_app


def main() -> None:
    settings = get_settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=settings.log_level)


if __name__ == "__main__":
    main()
