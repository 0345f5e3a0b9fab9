"""The wire protocol: DynamoDB JSON 1.0 over HTTP, shared by every transport."""
from .wire import WireResponse, dispatch_http, handle

__all__ = ["WireResponse", "dispatch_http", "handle"]
