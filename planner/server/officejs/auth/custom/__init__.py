"""xlwings-server's "custom" auth provider: Planner's bearer token.

Used with XLWINGS_AUTH_PROVIDERS='["custom"]'. The token is PLANNER_SERVER_TOKEN,
compared in constant time. For staff signing in with their own Microsoft 365
account, prefer xlwings-server's "entraid" provider (docs/excel.md).
"""

import hmac
import os

from fastapi import HTTPException, status
from xlwings_server.models import User


async def validate_token(token_string: str) -> User:
    expected = os.environ.get("PLANNER_SERVER_TOKEN", "")
    token = token_string[7:] if token_string[:7].lower() == "bearer " else token_string
    if len(expected) >= 16 and hmac.compare_digest(token.strip().encode(), expected.encode()):
        return User(id="planner", name="Planner user")
    raise HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Planner server: the Authorization token is missing or wrong.",
    )
