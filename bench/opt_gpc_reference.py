"""Reference values for LaplaceGPClassifier (Tests/QDOptimizeTests/GPClassifierTests.swift).

scikit-learn's GaussianProcessClassifier implements Rasmussen & Williams algorithms 3.1/3.2 with a logistic
likelihood; with the kernel fixed (optimizer=None) its posterior mode and approximate log marginal likelihood are
what QDLab's classifier must reproduce. Its predict_proba averages the sigmoid with an erf mixture, QDLab with
MacKay's probit approximation, so probabilities are compared loosely. Run: bench/.venv-opt/bin/python bench/opt_gpc_reference.py
"""
import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.gaussian_process.kernels import ConstantKernel, RBF

x = np.array([[0.0, 0.0], [0.2, 0.1], [0.4, 0.5], [0.5, 0.9], [0.7, 0.3],
              [0.8, 0.8], [0.9, 0.1], [1.0, 0.6], [0.3, 0.8], [0.6, 0.6]])
y = np.array([1, 1, 1, 0, 1, 0, 1, 0, 1, 0])  # 1 = succeeded
kernel = ConstantKernel(2.0, constant_value_bounds="fixed") * RBF(0.4, length_scale_bounds="fixed")
gpc = GaussianProcessClassifier(kernel=kernel, optimizer=None).fit(x, y)
test = np.array([[0.1, 0.1], [0.75, 0.7], [0.5, 0.5], [3.0, 3.0]])
print("sklearn", sklearn.__version__)
print("mode", np.array2string(gpc.base_estimator_.f_cached, precision=12, separator=", "))
print("log_marginal_likelihood %.12f" % gpc.log_marginal_likelihood_value_)
print("p_success", np.array2string(gpc.predict_proba(test)[:, 1], precision=12, separator=", "))
