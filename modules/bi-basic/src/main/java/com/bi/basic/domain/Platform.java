package com.bi.basic.domain;

/** Where a shop sells. */
public enum Platform { TAOBAO, TMALL, JD, PDD, DOUYIN, OTHER }
