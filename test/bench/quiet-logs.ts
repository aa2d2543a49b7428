/**
 * Imported first by run.ts: handlers run in the bench's own process and log JSON to stdout, which
 * carries the results. Powertools' logger reads its level once, when the module is first loaded,
 * so the level must be set before any bench imports it. An explicit POWERTOOLS_LOG_LEVEL wins.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
