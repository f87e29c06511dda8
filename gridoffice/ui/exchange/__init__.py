"""文件 → 数据交换: sending and receiving packages, conflicts, the street's desk."""
