/** HTTP load: wrk when it is installed, otherwise a JDK HttpClient loop with HdrHistogram percentiles. */
package dev.memlog.bench.load;
