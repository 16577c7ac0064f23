"""Optuna 3.1's default TPE on the anchor's test functions for any block of seeds, so the bench can
compare with Optuna on seeds other than the recorded 0..29 (HW7_BENCH_OPTUNA=1). Imports the
function definitions from the anchor script itself. Needs Debian's python3-optuna.
usage: optuna_tpe_seeds.py ANCHORS_DIR FIRST_SEED N_SEEDS
Prints one JSON line: function name -> best value after 100 trials, per seed."""
import json
import sys

sys.path.insert(0, sys.argv[1])
import optuna  # noqa: E402
from hpo_optuna import PROBLEMS, best_so_far  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
first_seed, n_seeds = int(sys.argv[2]), int(sys.argv[3])
results = {}
for name, (objective, _) in PROBLEMS.items():
    results[name] = []
    for seed in range(first_seed, first_seed + n_seeds):
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(objective, n_trials=100)
        results[name].append(float(best_so_far(study)[99]))
print(json.dumps(results))
