// Preloaded (node --import) into server processes only when the bench runs with --cpu-prof:
// SIGTERM then exits normally, so Node writes the CPU profile (servers without a SIGTERM
// handler would otherwise die without writing it).
process.on('SIGTERM', () => process.exit(0));
