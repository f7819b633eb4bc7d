"""The baseline of ``bench/teams_turn.py``: a bare Microsoft 365 Agents SDK echo bot, anonymous, on loopback.

An ``AgentApplication`` whose one handler answers a message by posting ``echo: <text>`` to the Bot
Connector named by the activity's ``serviceUrl`` (the SDK's own reply path, ``replyToId`` set), hosted
by aiohttp with the SDK's JWT middleware in anonymous mode, as the SDK's samples do. Nothing is stored.

Not a benchmark on its own: ``bench/teams_turn.py`` starts it as a process. ``make bench`` runs every
file in ``bench/`` with no arguments; without ``--port`` this one only says what it is and exits 0.

Usage: ``.venv/bin/python bench/teams_echo.py --port 3979``
"""

from __future__ import annotations

import argparse
import logging
import sys

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ApplicationOptions,
    ConnectionManager,
    MemoryStorage,
    TurnContext,
    TurnState,
)


def echo_app() -> web.Application:
    """The echo bot's aiohttp application: ``POST /api/messages`` and ``GET /healthz``."""
    config = AgentAuthConfiguration(anonymous_allowed=True)
    connections = ConnectionManager(
        provider_factory=lambda _c: AnonymousTokenProvider(),
        connections_configurations={"SERVICE_CONNECTION": config},
    )
    adapter = CloudAdapter(connection_manager=connections)
    options = ApplicationOptions(storage=MemoryStorage(), start_typing_timer=False, turn_state_factory=TurnState)
    agent: AgentApplication[TurnState] = AgentApplication(options, connection_manager=connections)

    async def on_message(ctx: TurnContext, _state: TurnState) -> None:
        await ctx.send_activity(f"echo: {ctx.activity.text or ''}")

    agent.activity("message")(on_message)

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await start_agent_process(request, agent, adapter)
        return response if response is not None else web.Response(status=200)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    api = web.Application(middlewares=[jwt_authorization_middleware])
    api["agent_configuration"] = config
    api.router.add_post("/messages", messages)
    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.add_subapp("/api", api)
    return app


def main() -> None:
    """Serve the echo bot on 127.0.0.1:PORT until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0, help="serve on this loopback port (0: explain and exit)")
    args = parser.parse_args()
    if not args.port:
        print("the echo bot baseline of bench/teams_turn.py (started by it; give --port to run it alone)")
        sys.exit(0)
    logging.basicConfig(level=logging.WARNING)
    web.run_app(echo_app(), host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
