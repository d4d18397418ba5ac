/** The throughput and CPU benchmark: figures measured in one run against the simulator. */
package com.amperityworkflowruns.bench;
