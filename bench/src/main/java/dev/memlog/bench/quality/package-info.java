/** Search quality: a judged collection run through a node's HTTP search, scored as trec_eval and score.py do. */
package dev.memlog.bench.quality;
