"""The classic baseline the bench compares against, on exactly the bench's split: TF-IDF of word
1-2-grams (sublinear tf, min_df 2, scikit-learn's default tokens) + class-balanced logistic
regression, one model per task, trained on the train and validation rows, scored on the test rows.
These are the settings issue #9 measured its quoted baseline with (issue_split.py reproduces it with
`task_scores`). Needs Debian's python3-sklearn; run with /usr/bin/python3.
usage: sklearn_baseline.py SPLIT.json   (written by bench/index.ts: texts, labels per task, row indices)
Prints one JSON line: task name -> its scores and the predicted class of each labelled test row."""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score


def task_scores(texts, y, classes, train, test, with_predictions=False):
    """Fits on the `train` rows (label indices `y`, -1 = unlabelled) and scores the `test` rows (with
    the predicted class of each labelled test row when asked)."""
    train = [i for i in sorted(train) if y[i] >= 0]
    test = [i for i in test if y[i] >= 0]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    x_train = vectorizer.fit_transform([texts[i] for i in train])
    x_test = vectorizer.transform([texts[i] for i in test])
    model = LogisticRegression(class_weight='balanced', max_iter=1000)
    model.fit(x_train, [y[i] for i in train])
    truth = [y[i] for i in test]
    predicted = model.predict(x_test)
    probabilities = model.predict_proba(x_test)
    per_class = f1_score(truth, predicted, average=None, labels=list(range(len(classes))))
    try:
        auc = (roc_auc_score(truth, probabilities[:, 1]) if len(classes) == 2
               else roc_auc_score(truth, probabilities, multi_class='ovr', average='macro'))
    except ValueError:  # a class absent from the test rows (small folds)
        auc = None
    scores = {'macroF1': f1_score(truth, predicted, average='macro'),
              'perClassF1': dict(zip(classes, per_class.tolist())), 'rocAuc': auc}
    return {**scores, 'predicted': predicted.tolist()} if with_predictions else scores


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        spec = json.load(f)
    print(json.dumps({task['name']: task_scores(spec['texts'], task['y'], task['classes'],
                                                spec['train'] + spec['validation'], spec['test'],
                                                with_predictions=True)
                      for task in spec['tasks']}))
