"""Everything that touches the outside world: Slack, Teams, the terminal, the web, the HTTP server."""
