-- All Flemish municipalities (including codes merged in 2019).
select nis from municipalities where reg_nis = $flanders order by nis
