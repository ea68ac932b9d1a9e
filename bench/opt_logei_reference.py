"""Reference values of log EI for Tests/QDOptimizeTests/AcquisitionTests.swift.

EI(mu, sd, best) = sd * h(z), z = (mu - best)/sd, h(z) = phi(z) + z Phi(z)  (Jones, Schonlau & Welch 1998).
Computed with mpmath at 60 significant digits, so the printed doubles are correctly rounded references
independent of QDLab's piecewise formula. Run: python3 bench/opt_logei_reference.py
"""
import mpmath as mp

mp.mp.dps = 60
cases = [(1.0, 2.0, 0.5), (0.0, 1.0, 0.0), (-3.0, 1.0, 0.0), (-10.0, 1.0, 0.0), (-25.0, 1.0, 0.0),
         (-40.0, 0.5, 0.0), (-1000.0, 1.0, 0.0), (5.0, 0.1, 0.0)]
for mu, sd, best in cases:
    z = (mp.mpf(mu) - best) / sd
    h = mp.npdf(z) + z * mp.ncdf(z)
    print(f"({mu!r}, {sd!r}, {best!r}, {mp.nstr(mp.log(sd * h), 20)}),")
