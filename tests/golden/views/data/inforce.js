window.HUIBIAN_INFORCE = {"date":"2024-06-30","documents":[
{"title":"河南省人民政府办公厅关于支持企业技术改造的若干措施","href":"sheng/jigai/index.html","number":"豫政办〔2023〕8号","issuer":"河南省人民政府办公厅","date":"2023-03-01","from":"2023-04-01","to":"2024-08-31","out":"","exempt":false,"by":[]},
{"title":"河南省人民政府办公厅关于技术改造的旧措施","href":"sheng/jiu/index.html","number":"豫政办〔2019〕3号","issuer":"河南省人民政府办公厅","date":"2019-01-10","from":"2019-01-10","to":"","out":"","exempt":false,"by":[0]},
{"title":"河南省财政厅 河南省工业和信息化厅关于引进技术人才的办法","href":"sheng/rencai/index.html","number":"豫财企〔2022〕15号","issuer":"河南省　财政厅","date":"2022-05-10","from":"2022-06-01","to":"","out":"","exempt":false,"by":[]},
{"title":"河南省财政厅关于修改引进技术人才办法的决定","href":"sheng/xiugai/index.html","number":"豫财企〔2024〕7号","issuer":"河南省财政厅","date":"2024-05-20","from":"2024-06-01","to":"","out":"","exempt":false,"by":[]},
{"title":"技术改造项目申报指南","href":"sheng/wuriqi/index.html","number":"","issuer":"河南省工业和信息化厅","date":"","from":"","to":"","out":"","exempt":false,"by":[]},
{"title":"郑州市人民政府关于支持智能制造的若干政策","href":"shi/zhizao/index.html","number":"郑政〔2021〕4号","issuer":"郑州市人民政府","date":"2021-02-01","from":"2021-03-01","to":"2023-12-31","out":"","exempt":false,"by":[]},
{"title":"郑州市工业和信息化局 郑州市财政局关于数字化转型的实施细则","href":"shi/shuzi/index.html","number":"郑工信〔2024〕12号","issuer":"郑州市工业和信息化局","date":"2024-06-10","from":"2024-07-01","to":"","out":"","exempt":false,"by":[]}
]};
