"""Log-in, log-out, server-side sessions and password reset."""
