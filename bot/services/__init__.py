"""Use cases that more than one edge needs (chat intents, web pages, the CLI, the scheduler)."""
