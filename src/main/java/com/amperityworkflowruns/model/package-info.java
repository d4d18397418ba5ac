/** Record types shared by the reader, the transforms and the sinks; each has a Beam schema. */
package com.amperityworkflowruns.model;
