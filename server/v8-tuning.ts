// V8 settings for the server process, applied when the command line is loaded (cli.ts imports this first, so
// it runs before any other module's code). It travels with the server however it is started: `npm run server`,
// `npm start` (scripts/start.ts), the test and benchmark helpers.
//
// Allocation-site pretenuring off. V8 watches which allocation sites' objects survive young-generation
// collections and, past a threshold, allocates that site's objects straight in the old generation. Under
// sustained load some sites on the request path (the secret fetch's async frames and row objects among them)
// were judged long-lived: their objects then went to the old generation and, dead or not, kept the young
// strings and rows they point to alive through the next scavenges until those were promoted too. Measured on
// the secret fetch at saturation (32 connections, server pinned to one core, PostgreSQL): the old generation
// grew 0.52 MB per scavenge (4% of what was allocated, the same with a 4x larger young generation) against
// 0.10-0.11 MB with pretenuring off, so a full mark-compact came every 1-2 s (7-15 ms pauses plus incremental
// steps of up to 27 ms, each holding every request in flight) and, in four alternating pairs of 5 s windows,
// none came without it; scavenges got shorter too (mean 2.0-2.5 -> 1.1-1.6 ms: fewer young objects kept alive)
// and the p99 went from 12.8-30.3 ms to 8.8-10.5 ms, at the same CPU per request.
// The server's objects are per request or long-lived caches built once, which is the case pretenuring does not
// help. Node allows this flag at run time (v8.setFlagsFromString; it is read at each collection, and
// v8-tuning.test.ts checks that it takes effect), not in NODE_OPTIONS.
import { setFlagsFromString } from 'node:v8';

export const SERVER_V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

for (const flag of SERVER_V8_FLAGS) setFlagsFromString(flag);
