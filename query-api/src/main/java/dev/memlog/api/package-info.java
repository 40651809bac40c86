/** The HTTP API: routes, problem+json errors, request ids and per-route timing. */
package dev.memlog.api;
