package com.bi.basic.domain;

/** Which connector brings the shop's orders: the Jushuitan ERP (pull), Leke (push) or none (manual). */
public enum Source { JUSHUITAN, LEKE, MANUAL }
