"""What a notice on an AWS documentation page says, per language: the one place for phrase lists.

Each kind maps to regular expressions (case-insensitive) that must match inside ONE sentence of a
notice box or of the first paragraphs. They are written to need the words that make a sentence a
notice, so that ordinary sentences with the same words do not match:

- "You can no longer see this metric after 15 months" (no "available"/"new customers"),
- "previously trained models" (no "known as"/"named"/"called"),
- "The default is now 5 minutes" ("is now" only before "called", "named", "known as", "Amazon", "AWS").

Add a phrase here (with a test case of a real sentence, and a look-alike that must not match) when
AWS words a notice in a way the lists miss. Both languages are always tried: ``ja_jp`` pages often
carry English banners.
"""

from __future__ import annotations

# Kinds, in the order they are tried on a sentence; a sentence gives at most one notice.
AVAILABILITY = "availability"
END_OF_SUPPORT = "end_of_support"
RENAME = "rename"

_NEW_CUSTOMERS_EN = r"new\s+(?:customers|users|accounts|sign-?ups)"

ENGLISH: dict[str, tuple[str, ...]] = {
    AVAILABILITY: (
        # "no longer available to new customers", "no longer open to new customers"
        rf"\bno\s+longer\s+(?:be\s+)?(?:available|open|offered)\s+(?:to|for)\s+{_NEW_CUSTOMERS_EN}",
        # "closed to new customers", "not available to new customers"
        rf"\b(?:closed|not\s+available|unavailable)\s+(?:to|for)\s+{_NEW_CUSTOMERS_EN}",
        # "no longer accepts new customers", "stopped onboarding new customers"
        rf"\b(?:no\s+longer|stop(?:s|ped)?|will\s+stop)\s+(?:accept|onboard)(?:s|ing)?\s+{_NEW_CUSTOMERS_EN}",
        rf"\b{_NEW_CUSTOMERS_EN}\s+(?:can\s*not|can't|will\s+not\s+be\s+able\s+to|are\s+no\s+longer\s+able\s+to)\b",
        # "will no longer be available", "is no longer available" (the service, feature or page)
        r"\bwill\s+no\s+longer\s+be\s+(?:available|offered)\b",
        r"\b(?:is|are|has\s+been|have\s+been)\s+no\s+longer\s+(?:available|offered)\b",
    ),
    END_OF_SUPPORT: (
        r"\bend[\s-]+of[\s-]+(?:support|life|sale)\b",
        r"\bwill\s+(?:be\s+)?discontinu(?:e|ed)\b",
        r"\b(?:has|have)\s+been\s+discontinued\b",
        r"\b(?:is|are)\s+(?:being\s+)?discontinued\b",
        r"\b(?:is|are|has\s+been|have\s+been|will\s+be)\s+deprecated\b",
        r"\bwill\s+(?:be\s+)?retir(?:e|ed)\b",
        r"\b(?:has|have)\s+been\s+retired\b",
        r"\b(?:is|are|will\s+be)\s+no\s+longer\s+supported\b",
        r"\bwill\s+(?:stop|end)\s+support(?:ing)?\b",
        r"\b(?:will\s+be|has\s+been|have\s+been)\s+(?:shut\s+down|sunset)\b",
    ),
    RENAME: (
        r"\b(?:previously|formerly)\s+(?:known|named|called)\s+(?:as\s+)?",
        # "Amazon Data Firehose (formerly Kinesis Data Firehose)": "formerly" before a name
        r"\bformerly\s+(?=[A-Z])",
        r"\b(?:has|have)\s+been\s+renamed\b",
        r"\b(?:was|were)\s+renamed\b",
        r"\bis\s+now\s+(?:called|named|known\s+as)\b",
        r"\bis\s+now\s+(?=(?:Amazon|AWS)\b)",
    ),
}

# Japanese: AWS's ja_jp pages, in the forms their notices use (です/ます and plain style).
JAPANESE: dict[str, tuple[str, ...]] = {
    AVAILABILITY: (
        # 新規のお客様は利用できなくなりました / 新規顧客の受け付けを終了 / 新規のお客様はご利用いただけません
        r"新規(?:の)?(?:お客様|顧客|ユーザー|アカウント)[^。]{0,40}?"
        r"(?:(?:ご)?利用|使用|アクセス|オンボーディング|サインアップ|登録)[^。]{0,12}?"
        r"(?:でき(?:なくなり|ません)|いただけ(?:なくなり|ません)|終了|停止)",
        r"新規(?:の)?(?:お客様|顧客|ユーザー)(?:への提供|の受け?付け?|の受付)を?(?:終了|停止)",
        r"(?:提供|ご利用)が?終了(?:しました|します|いたしました|いたします)?[^。]{0,10}?新規",
    ),
    END_OF_SUPPORT: (
        r"サポート(?:の|が|を)?終了",
        r"サポート(?:は|が)[^。]{0,40}?終了(?:し(?:ます|ました)|いたし|予定|となり)",
        r"サポート(?:され|を提供し)なくなり",
        r"廃止(?:され|し|予定|となり|になり|いたし|する|を予定)",
        r"(?:提供|販売)(?:を|が)?終了",
        r"サービス(?:の)?(?:提供)?終了(?:予定|日)",
        r"非推奨(?:と|に)なり",
        r"非推奨(?:です|となっています)",
    ),
    RENAME: (
        r"旧称",
        r"旧名",
        r"(?:以前|従来|かつて)は?[^。]{0,40}?(?:と(?:呼ばれて|いう名前で|いう名称で)|として知られて)",
        r"名称(?:が|を)?(?:変更され|変更しました|変更いたしました|変わり)",
        r"(?:に|へ)名称(?:が|を)?変更",
        r"名称(?:が|を|は)[^。]{0,60}?(?:に|へ)(?:変更|改称)(?:され|しま|いたしま)",
        r"改称",
    ),
}

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {"en": ENGLISH, "ja": JAPANESE}
