/** The data keys that open sealed event content, read from the keys topic, and their shredding on forgetting. */
package dev.memlog.projector.keys;
