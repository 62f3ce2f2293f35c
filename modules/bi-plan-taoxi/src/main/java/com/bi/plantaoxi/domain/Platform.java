package com.bi.plantaoxi.domain;

/** The Taoxi platforms: the only shops that may get a plan. */
public enum Platform {
    TAOBAO, TMALL
}
