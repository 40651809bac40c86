/** The memlog event schema v1: one sealed interface of past-tense records, their JSON codec and validation. */
package dev.memlog.ingest.event;
