"""The web adapter: the playground (a third chat adapter), the practice dashboard, locality reviews,
intranet publishing and the gathering, served by the one aiohttp server under ``/``."""
