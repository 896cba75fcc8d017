import fc from 'fast-check';

/**
 * Property tests run with one fixed seed, so a run is repeatable and CI never turns red by chance;
 * FC_SEED explores others (a failure prints the seed and path that reproduce it).
 */
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261125) });
