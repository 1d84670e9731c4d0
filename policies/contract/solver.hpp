#pragma once
// The exact optimal contract menu: the oracle every other policy is judged against.
//
// Dividing a vehicle's utility U = theta R - C e by theta gives R - c e with c = C/theta, the
// money cost of one unit of effort e = Lmax/L - 1. Types are sorted by theta; c is
// non-increasing (paper: c = 1 for all; screening: c = cost_scale/theta). The server's value of
// effort is h(e) = -a2 (1 + e)^-b2, concave and increasing. The textbook solution:
//   - IR binds for the lowest type, downward IC binds: R_n = c_n e_n + sum_{k<n} (c_k - c_k+1) e_k;
//   - each effort maximises Q_k h(e_k) - e_k (Q_k c_k + (c_k - c_k+1) sum_{n>k} Q_n), i.e.
//     h'(e_k) = phi_k, the virtual cost phi_k = c_k + (c_k - c_k+1) (sum_{n>k} Q_n) / Q_k;
//   - efforts must not decrease with the type: where phi increases, adjacent types are pooled
//     (ironing: pool-adjacent-violators on phi weighted by Q) and share one effort;
//   - e >= 0 (L <= Lmax): h'(e) = a2 b2 (1 + e)^-(b2+1) gives e = (a2 b2 / phi)^(1/(b2+1)) - 1, or 0.
// In the paper's model every c is 1: all types get the same item, L = Lmax (a2 b2)^(-1/(b2+1)),
// R = (a2 b2)^(1/(b2+1)) - 1 (for the paper's a2 = 10, b2 = 1: L = 47.43, R = 2.1623).

#include "policies/contract/model.hpp"

namespace vsm::policies {

// The menu maximising the server's expected utility under IR and IC; item n for type n.
ContractMenu optimal_menu(const TypeSpace& types, double latency_max, const sim::Valuation& v);

// `menu` (efforts non-decreasing with the type) with every latency at most `cap` (seconds):
// efforts e_n = max(e_n, Lmax/cap - 1), and rewards from the optimum's binding constraints,
// R_n = c_n e_n + sum_{k<n} (c_k - c_k+1) e_k, so IR and IC hold.
ContractMenu capped_menu(const ContractMenu& menu, const TypeSpace& types, double cap, double latency_max);

}  // namespace vsm::policies
