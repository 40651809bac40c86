/** What the build's test runs share across packages: how they report. */
package dev.memlog.testing;
