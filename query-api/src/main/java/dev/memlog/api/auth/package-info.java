/** API keys: each bound to one tenant, or to administration; stored and compared as SHA-256 hashes. */
package dev.memlog.api.auth;
