"""Page routers: each parses, authorises and calls the same service functions as the API, then renders a template."""
