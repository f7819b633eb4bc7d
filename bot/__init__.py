"""Practice Leader Bot: the platform-neutral core (events, replies, intents, store)."""
