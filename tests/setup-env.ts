import 'reflect-metadata';
// Apollo's gateway and composition report usage unless told not to.
process.env.APOLLO_TELEMETRY_DISABLED = '1';
