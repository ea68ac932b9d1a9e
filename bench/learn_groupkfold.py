#!/usr/bin/env python3
"""XGBoost with its own defaults (base_score 0.5) on scikit-learn GroupKFold folds vs on QDLab's folds of an exported design.
Usage: bench/.venv/bin/python bench/learn_groupkfold.py design.csv   (design from qdlab evaluate --export-design)"""
import csv
import sys

import numpy as np
import xgboost as xgb
from sklearn.model_selection import GroupKFold
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
sys.path.insert(0,'bench'); import learn_anchor as la
X,y,fold=la.load(sys.argv[1])
groups=[r[-2] for r in list(csv.reader(open(sys.argv[1])))[1:]]
for name, splitter in [("sklearn GroupKFold", GroupKFold(5)), ("QDLab folds", None)]:
    pred=np.empty_like(y)
    splits = splitter.split(X,y,groups) if splitter else [(np.where(fold!=k)[0], np.where(fold==k)[0]) for k in sorted(set(fold))]
    for tr,te in splits:
        m=make_pipeline(SimpleImputer(strategy="median",keep_empty_features=True), xgb.XGBRegressor(tree_method="hist",random_state=0,n_jobs=1))
        m.fit(X[tr],y[tr]); pred[te]=m.predict(X[te])
    print(name, "xgboost defaults MAE", np.mean(np.abs(y-pred)))
