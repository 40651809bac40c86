/** A memlog node: configuration, wiring of broker, projector and API, and the freshness of what it serves. */
package dev.memlog.node;
