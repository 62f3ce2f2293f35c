package com.bi.notify.domain;

/** Where a message goes: a generic signed webhook, one of three group robots, or SMTP email. */
public enum ChannelKind {
    WEBHOOK, DINGTALK, WECOM, FEISHU, EMAIL
}
