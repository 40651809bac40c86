/** Reading the dead-letter topic and re-publishing a dead letter, as it was or fixed, to the events topic. */
package dev.memlog.projector.deadletter;
