/** Operator routes under /v1/admin: the read model's checksum, partition rebuilds, dead letters. */
package dev.memlog.api.admin;
