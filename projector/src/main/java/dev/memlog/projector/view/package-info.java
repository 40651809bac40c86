/** What the read model shows (conversation summaries, entities, messages, applied offsets): the writer keeps them, the readers serve them. */
package dev.memlog.projector.view;
