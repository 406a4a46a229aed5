// fast-check runs from a fixed seed, so a property test passes or fails the same way on every
// machine and every run. To explore other cases, run with FC_SEED=random (or a number); a
// failure prints its seed and counterexample, which then belongs in a test of its own.
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20_261_204 : Number(seed) });

// Ink draws only the final frame when it sees CI (is-in-ci, read once at import), while the view
// tests assert every frame: they run as on a developer's terminal wherever they run.
for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[key];
