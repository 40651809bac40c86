/** What the read models hold, as the query side sees it: views and the ports that read them. */
package dev.memlog.projector.read;
