/**
 * The base of the coders of values a running job keeps (restrictions, state, shuffled values):
 * explicit, versioned formats that survive a Dataflow {@code --update}.
 */
package com.amperityworkflowruns.coders;
