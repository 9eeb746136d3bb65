"""What the HTTP API (``assistant/api``) and the web pages (``web``) share: who the caller is (bearer token or session
cookie, CSRF) and what an error means over HTTP. Neither transport imports the other; both import this."""
