"""The classic baseline on the bench's cross-validation folds: for every fold, TF-IDF of word 1-2-grams
(sublinear tf, min_df 2) + class-balanced logistic regression, one model per task
(sklearn_baseline.task_scores: issue #9's settings), trained on the fold's training rows and scored
on its test rows. Needs Debian's python3-sklearn; run with /usr/bin/python3.
usage: sklearn_cv.py FOLDS.json   (written by bench/cv.ts: texts, labels per task, the splits)
Prints one JSON line: {"folds": [{"repeat", "fold", "scores": {task: {"macroF1", "perClassF1"}}}]}."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sklearn_baseline import task_scores  # noqa: E402

if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        spec = json.load(f)
    folds = []
    for split in spec['splits']:
        scores = {}
        for task in spec['tasks']:
            result = task_scores(spec['texts'], task['y'], task['classes'], split['train'], split['test'])
            scores[task['name']] = {'macroF1': result['macroF1'], 'perClassF1': result['perClassF1']}
        folds.append({'repeat': split['repeat'], 'fold': split['fold'], 'scores': scores})
    print(json.dumps({'folds': folds}))
